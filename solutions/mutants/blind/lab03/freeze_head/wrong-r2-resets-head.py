# kind: wrong
# why: Freezes everything and re-creates model.fc as a new nn.Linear of the same size (to 'start the head clean'), discarding its weights; violates 'A cabeça continua sendo a mesma camada, com os mesmos pesos: não troque nem altere camada nenhuma'.
def freeze_all_but_head(model):
    """Congela todos os parâmetros de `model` (requires_grad = False), menos os da
    última camada, model.fc (peso e bias), que ficam treináveis.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    for p in model.parameters():
        p.requires_grad = False
    old = model.fc
    model.fc = nn.Linear(old.in_features, old.out_features).to(old.weight.device)

# kind: correct
# why: freezes every parameter, then re-enables both fc parameters explicitly, whatever their previous state; touches no layer
def freeze_all_but_head(model):
    """Congela todos os parâmetros de `model` (requires_grad = False), menos os da
    última camada, model.fc (peso e bias), que ficam treináveis.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    for param in model.parameters():
        param.requires_grad = False
    for param in model.fc.parameters():
        param.requires_grad = True

# kind: wrong
# why: freezes everything and then installs a brand-new nn.Linear as fc (same shape) instead of unfreezing the existing head: the trained head weights are lost; passes the visible tests
def freeze_all_but_head(model):
    """Congela todos os parâmetros de `model` (requires_grad = False), menos os da
    última camada, model.fc (peso e bias), que ficam treináveis.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    for p in model.parameters():
        p.requires_grad = False
    old = model.fc
    model.fc = nn.Linear(old.in_features, old.out_features, bias=old.bias is not None)

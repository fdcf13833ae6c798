# kind: wrong
# why: freezes only the hard-coded resnet18 children (conv1, bn1, layer1-4) and leaves fc as it was: misses parameters of any other net and never re-enables the head; passes the visible tests
def freeze_all_but_head(model):
    """Congela todos os parâmetros de `model` (requires_grad = False), menos os da
    última camada, model.fc (peso e bias), que ficam treináveis.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    for stage in ["conv1", "bn1", "layer1", "layer2", "layer3", "layer4"]:
        for p in getattr(model, stage).parameters():
            p.requires_grad = False

# kind: wrong
# why: uses a hard-coded resnet18 child order instead of model.named_children(): breaks for any other net (other names / more children); passes the visible tests
def unfreeze_from(model, stage):
    """Deixa treináveis o submódulo de nome `stage` (ex.: "layer4") e todos os que vêm
    depois dele em model.named_children(); congela todos os que vêm antes.
    Ex.: unfreeze_from(model, "layer4") treina só layer4 e fc.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    order = ["conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool", "fc"]
    k = order.index(stage)
    for i, name in enumerate(order):
        for p in getattr(model, name).parameters():
            p.requires_grad = i >= k

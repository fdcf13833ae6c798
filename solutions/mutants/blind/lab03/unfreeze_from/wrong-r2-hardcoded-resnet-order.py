# kind: wrong
# why: Uses a hard-coded ResNet child order instead of reading model.named_children(), so other networks (other names) are not handled; violates 'A função deve valer para qualquer rede, com quaisquer nomes e qualquer número de filhos: leia a ordem de model.named_children()'.
def unfreeze_from(model, stage):
    """Deixa treináveis o submódulo de nome `stage` (ex.: "layer4") e todos os que vêm
    depois dele em model.named_children(); congela todos os que vêm antes.
    Ex.: unfreeze_from(model, "layer4") treina só layer4 e fc.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    order = ["conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool", "fc"]
    start = order.index(stage)
    for i, name in enumerate(order):
        module = getattr(model, name, None)
        if module is not None:
            for p in module.parameters():
                p.requires_grad = i >= start

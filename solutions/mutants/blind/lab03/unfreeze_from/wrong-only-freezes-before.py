# kind: wrong
# why: freezes the children before stage but never re-enables the later ones, so a second call with an earlier stage (layer4 then layer3) leaves layer3 frozen; passes the visible tests
def unfreeze_from(model, stage):
    """Deixa treináveis o submódulo de nome `stage` (ex.: "layer4") e todos os que vêm
    depois dele em model.named_children(); congela todos os que vêm antes.
    Ex.: unfreeze_from(model, "layer4") treina só layer4 e fc.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    for name, child in model.named_children():
        if name == stage:
            break
        for p in child.parameters():
            p.requires_grad = False

# kind: wrong
# why: switches on at the first parameter whose name starts with stage: a parameterless stage (relu, maxpool, avgpool) never matches and everything ends frozen; also 'layer1' would match 'layer10'; passes the visible tests
def unfreeze_from(model, stage):
    """Deixa treináveis o submódulo de nome `stage` (ex.: "layer4") e todos os que vêm
    depois dele em model.named_children(); congela todos os que vêm antes.
    Ex.: unfreeze_from(model, "layer4") treina só layer4 e fc.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    on = False
    for name, p in model.named_parameters():
        if name.startswith(stage):
            on = True
        p.requires_grad = on

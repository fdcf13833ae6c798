# kind: wrong
# why: Derives the stage order from the parameter-name prefixes, which skips children without parameters (relu, maxpool, avgpool), so unfreeze_from(model, 'maxpool') freezes everything; violates 'o filho chamado stage e todos os que vêm depois dele ficam treináveis'.
def unfreeze_from(model, stage):
    """Deixa treináveis o submódulo de nome `stage` (ex.: "layer4") e todos os que vêm
    depois dele em model.named_children(); congela todos os que vêm antes.
    Ex.: unfreeze_from(model, "layer4") treina só layer4 e fc.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    prefixes = []
    for name, _ in model.named_parameters():
        prefix = name.split(".")[0]
        if prefix not in prefixes:
            prefixes.append(prefix)
    start = prefixes.index(stage) if stage in prefixes else len(prefixes)
    for name, p in model.named_parameters():
        p.requires_grad = prefixes.index(name.split(".")[0]) >= start

# kind: correct
# why: Reads the children's names, finds the position of stage (ValueError if absent) and sets each parameter's requires_grad to position >= start; same result as the flag sweep.
def unfreeze_from(model, stage):
    """Deixa treináveis o submódulo de nome `stage` (ex.: "layer4") e todos os que vêm
    depois dele em model.named_children(); congela todos os que vêm antes.
    Ex.: unfreeze_from(model, "layer4") treina só layer4 e fc.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    children = list(model.named_children())
    names = [name for name, _ in children]
    start = names.index(stage)
    for position, (_, child) in enumerate(children):
        for p in child.parameters():
            p.requires_grad = position >= start

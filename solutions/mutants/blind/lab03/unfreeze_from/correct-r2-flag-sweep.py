# kind: correct
# why: Single pass over named_children() with a flag that turns on at the child named stage; every child gets requires_grad_(flag), so earlier children are frozen and the stage and later ones trainable regardless of the previous state; any names/number of children.
def unfreeze_from(model, stage):
    """Deixa treináveis o submódulo de nome `stage` (ex.: "layer4") e todos os que vêm
    depois dele em model.named_children(); congela todos os que vêm antes.
    Ex.: unfreeze_from(model, "layer4") treina só layer4 e fc.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    reached = False
    for name, child in model.named_children():
        if name == stage:
            reached = True
        child.requires_grad_(reached)

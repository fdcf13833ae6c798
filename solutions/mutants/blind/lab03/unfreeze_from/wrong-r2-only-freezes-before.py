# kind: wrong
# why: Freezes the children before stage but never sets the later ones back to trainable (assumes a fresh model), so calling it after freeze_all_but_head leaves layer4 frozen; violates 'Vale qualquer que seja o estado anterior dos parâmetros'.
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

# kind: wrong
# why: Reads the example 'layer4 e fc' as 'the given stage plus the head': trains stage and fc only, so unfreeze_from(model, 'layer3') leaves layer4 frozen; violates 'o filho chamado stage e todos os que vêm depois dele ficam treináveis'.
def unfreeze_from(model, stage):
    """Deixa treináveis o submódulo de nome `stage` (ex.: "layer4") e todos os que vêm
    depois dele em model.named_children(); congela todos os que vêm antes.
    Ex.: unfreeze_from(model, "layer4") treina só layer4 e fc.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    for name, child in model.named_children():
        child.requires_grad_(name in (stage, "fc"))

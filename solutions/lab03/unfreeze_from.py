def unfreeze_from(model, stage):
    """Deixa treináveis o submódulo de nome `stage` (ex.: "layer4") e todos os que vêm
    depois dele em model.named_children(); congela todos os que vêm antes.
    Ex.: unfreeze_from(model, "layer4") treina só layer4 e fc.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    ### BEGIN SOLUTION
    names = [name for name, _ in model.named_children()]
    start = names.index(stage)
    for i, (name, child) in enumerate(model.named_children()):
        for param in child.parameters():
            param.requires_grad = i >= start
    ### END SOLUTION

# kind: correct
# why: finds the position of stage among the children and sets each child's parameters to (position >= k) with an explicit loop; works for any names/number of children, repeated calls
def unfreeze_from(model, stage):
    """Deixa treináveis o submódulo de nome `stage` (ex.: "layer4") e todos os que vêm
    depois dele em model.named_children(); congela todos os que vêm antes.
    Ex.: unfreeze_from(model, "layer4") treina só layer4 e fc.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    children = list(model.named_children())
    k = [name for name, _ in children].index(stage)
    for i, (name, child) in enumerate(children):
        trainable = i >= k
        for p in child.parameters():
            p.requires_grad = trainable
    # conferência: quantos ficaram treináveis
    n = sum(p.numel() for p in model.parameters() if p.requires_grad)
    print(f"unfreeze_from({stage!r}): {n:,} parâmetros treináveis")

# kind: correct
# why: nothing is forbidden; uses the private multi-tensor ops torch._foreach_sub / torch._foreach_norm to get all distances at once instead of writing the sum (relabelled: the question states no rule against it, so by its contract it is a right answer)
def l2_sp_penalty(model, start, alpha):
    """Regularizador L2-SP: (alpha / 2) * soma de ||w - w0||² sobre os parâmetros de
    `model` cujo nome (de model.named_parameters()) está no dicionário `start`,
    onde w0 = start[nome] é o valor do parâmetro no ponto de partida.
    Parâmetros fora de `start` (como uma cabeça nova) não entram.
    Devolve um tensor escalar, diferenciável em relação aos parâmetros.
    """
    names = [name for name, _ in model.named_parameters() if name in start]
    params = dict(model.named_parameters())
    if not names:
        return torch.tensor(0.0)
    diffs = torch._foreach_sub([params[n] for n in names], [start[n] for n in names])
    norms = torch._foreach_norm(diffs)
    return alpha / 2 * torch.stack(norms).pow(2).sum()

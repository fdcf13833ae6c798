# kind: correct
# why: nothing is forbidden; lets F.mse_loss(reduction="sum") compute each squared distance (library does the sum of squares) (relabelled: the question states no rule against it, so by its contract it is a right answer)
def l2_sp_penalty(model, start, alpha):
    """Regularizador L2-SP: (alpha / 2) * soma de ||w - w0||² sobre os parâmetros de
    `model` cujo nome (de model.named_parameters()) está no dicionário `start`,
    onde w0 = start[nome] é o valor do parâmetro no ponto de partida.
    Parâmetros fora de `start` (como uma cabeça nova) não entram.
    Devolve um tensor escalar, diferenciável em relação aos parâmetros.
    """
    params = dict(model.named_parameters())
    total = sum(F.mse_loss(params[name], w0.to(params[name]), reduction="sum") for name, w0 in start.items() if name in params)
    return alpha / 2 * torch.as_tensor(total)

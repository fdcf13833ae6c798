# kind: correct
# why: Sums F.mse_loss(p, start[name], reduction='sum') (= ||w - w0||^2) over named_parameters whose name is in start and multiplies by alpha/2; starts from a 0-dim zero tensor so it is always a differentiable scalar tensor, gradient alpha*(w - w0).
def l2_sp_penalty(model, start, alpha):
    """Regularizador L2-SP: (alpha / 2) * soma de ||w - w0||² sobre os parâmetros de
    `model` cujo nome (de model.named_parameters()) está no dicionário `start`,
    onde w0 = start[nome] é o valor do parâmetro no ponto de partida.
    Parâmetros fora de `start` (como uma cabeça nova) não entram.
    Devolve um tensor escalar, diferenciável em relação aos parâmetros.
    """
    total = None
    for name, p in model.named_parameters():
        if name in start:
            w0 = start[name].to(device=p.device, dtype=p.dtype)
            term = F.mse_loss(p, w0, reduction="sum")
            total = term if total is None else total + term
    if total is None:
        reference = next(model.parameters(), None)
        total = torch.zeros((), device=reference.device if reference is not None else None)
    return 0.5 * alpha * total

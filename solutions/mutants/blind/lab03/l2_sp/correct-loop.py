# kind: correct
# why: loops over model.named_parameters(), keeps names present in start, accumulates ((w - w0)**2).sum() with gradients flowing to w, multiplies by alpha/2; returns a 0-dim tensor even when nothing matches
def l2_sp_penalty(model, start, alpha):
    """Regularizador L2-SP: (alpha / 2) * soma de ||w - w0||² sobre os parâmetros de
    `model` cujo nome (de model.named_parameters()) está no dicionário `start`,
    onde w0 = start[nome] é o valor do parâmetro no ponto de partida.
    Parâmetros fora de `start` (como uma cabeça nova) não entram.
    Devolve um tensor escalar, diferenciável em relação aos parâmetros.
    """
    total = None
    for name, w in model.named_parameters():
        if name in start:
            w0 = start[name].to(device=w.device, dtype=w.dtype)
            term = ((w - w0) ** 2).sum()
            total = term if total is None else total + term
    if total is None:
        first = next(model.parameters(), None)
        total = torch.zeros((), device=first.device if first is not None else "cpu")
    return alpha / 2 * total

# kind: correct
# why: Flattens every (w - w0) of the parameters named in start into one vector and returns (alpha/2) * dot(d, d); same value and gradient alpha*(w - w0); empty selection gives a scalar zero tensor.
def l2_sp_penalty(model, start, alpha):
    """Regularizador L2-SP: (alpha / 2) * soma de ||w - w0||² sobre os parâmetros de
    `model` cujo nome (de model.named_parameters()) está no dicionário `start`,
    onde w0 = start[nome] é o valor do parâmetro no ponto de partida.
    Parâmetros fora de `start` (como uma cabeça nova) não entram.
    Devolve um tensor escalar, diferenciável em relação aos parâmetros.
    """
    params = dict(model.named_parameters())
    diffs = [(params[name] - w0.to(params[name].device)).reshape(-1) for name, w0 in start.items() if name in params]
    if not diffs:
        return torch.zeros(())
    d = torch.cat(diffs)
    return torch.dot(d, d) * (alpha / 2)

# kind: correct
# why: vectorised: flattens each difference and takes its dot product with itself (squared norm), stacks and sums; only names in start, differentiable, scalar
def l2_sp_penalty(model, start, alpha):
    """Regularizador L2-SP: (alpha / 2) * soma de ||w - w0||² sobre os parâmetros de
    `model` cujo nome (de model.named_parameters()) está no dicionário `start`,
    onde w0 = start[nome] é o valor do parâmetro no ponto de partida.
    Parâmetros fora de `start` (como uma cabeça nova) não entram.
    Devolve um tensor escalar, diferenciável em relação aos parâmetros.
    """
    def squared_distance(w, w0):
        d = (w - w0.to(w)).reshape(-1)
        return torch.dot(d, d)

    terms = [squared_distance(w, start[name]) for name, w in model.named_parameters() if name in start]
    if not terms:
        return torch.tensor(0.0)
    return 0.5 * alpha * torch.stack(terms).sum()

# kind: wrong
# why: Accumulates into a Python float 0.0, so when no parameter of start matches (e.g. empty start) it returns the float 0.0 instead of a tensor; violates 'Devolve um tensor escalar, diferenciável em relação aos parâmetros'.
def l2_sp_penalty(model, start, alpha):
    """Regularizador L2-SP: (alpha / 2) * soma de ||w - w0||² sobre os parâmetros de
    `model` cujo nome (de model.named_parameters()) está no dicionário `start`,
    onde w0 = start[nome] é o valor do parâmetro no ponto de partida.
    Parâmetros fora de `start` (como uma cabeça nova) não entram.
    Devolve um tensor escalar, diferenciável em relação aos parâmetros.
    """
    total = 0.0
    for name, p in model.named_parameters():
        if name in start:
            total += torch.sum((p - start[name]) ** 2)
    return (alpha / 2) * total

# kind: wrong
# why: Pairs model.parameters() with start.values() by position (zip), which only works when start holds a prefix of the parameters in order (the visible tests drop only the last ones, fc.*); violates 'sobre os parâmetros de model cujo nome (de model.named_parameters()) está no dicionário start'.
def l2_sp_penalty(model, start, alpha):
    """Regularizador L2-SP: (alpha / 2) * soma de ||w - w0||² sobre os parâmetros de
    `model` cujo nome (de model.named_parameters()) está no dicionário `start`,
    onde w0 = start[nome] é o valor do parâmetro no ponto de partida.
    Parâmetros fora de `start` (como uma cabeça nova) não entram.
    Devolve um tensor escalar, diferenciável em relação aos parâmetros.
    """
    total = 0
    for p, w0 in zip(model.parameters(), start.values()):
        total = total + ((p - w0) ** 2).sum()
    return alpha / 2 * total

# kind: wrong
# why: Decides what to regularize by skipping names that start with 'fc' and looking up start[name] for all others, so a start with a subset of the body (or a head not called fc) raises KeyError / is penalized; violates 'Parâmetros fora de start (como uma cabeça nova) não entram' (selection must come from start).
def l2_sp_penalty(model, start, alpha):
    """Regularizador L2-SP: (alpha / 2) * soma de ||w - w0||² sobre os parâmetros de
    `model` cujo nome (de model.named_parameters()) está no dicionário `start`,
    onde w0 = start[nome] é o valor do parâmetro no ponto de partida.
    Parâmetros fora de `start` (como uma cabeça nova) não entram.
    Devolve um tensor escalar, diferenciável em relação aos parâmetros.
    """
    penalty = torch.zeros(())
    for name, p in model.named_parameters():
        if name.startswith("fc"):
            continue
        penalty = penalty + (p - start[name]).pow(2).sum()
    return penalty * alpha / 2

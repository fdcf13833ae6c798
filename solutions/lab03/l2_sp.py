def l2_sp_penalty(model, start, alpha):
    """Regularizador L2-SP: (alpha / 2) * soma de ||w - w0||² sobre os parâmetros de
    `model` cujo nome (de model.named_parameters()) está no dicionário `start`,
    onde w0 = start[nome] é o valor do parâmetro no ponto de partida.
    Parâmetros fora de `start` (como uma cabeça nova) não entram.
    Devolve um tensor escalar, diferenciável em relação aos parâmetros.
    """
    ### BEGIN SOLUTION
    total = torch.zeros(())  # a tensor even when no parameter is in start
    for name, param in model.named_parameters():
        if name in start:
            total = total + ((param - start[name]) ** 2).sum()
    return alpha / 2 * total
    ### END SOLUTION

# kind: wrong
# why: skips parameters with requires_grad=False even when their name is in start (the penalty value then depends on what is frozen); passes the visible tests
def l2_sp_penalty(model, start, alpha):
    """Regularizador L2-SP: (alpha / 2) * soma de ||w - w0||² sobre os parâmetros de
    `model` cujo nome (de model.named_parameters()) está no dicionário `start`,
    onde w0 = start[nome] é o valor do parâmetro no ponto de partida.
    Parâmetros fora de `start` (como uma cabeça nova) não entram.
    Devolve um tensor escalar, diferenciável em relação aos parâmetros.
    """
    total = torch.zeros(())
    for name, w in model.named_parameters():
        if name in start and w.requires_grad:
            total = total + torch.sum((w - start[name]) ** 2)
    return alpha / 2 * total

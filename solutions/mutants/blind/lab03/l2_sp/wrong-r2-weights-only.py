# kind: wrong
# why: Walks the modules and regularizes only their .weight tensors, forgetting biases (and any other parameter) that are in start; violates 'soma de ||w - w0||² sobre os parâmetros de model cujo nome ... está no dicionário start'.
def l2_sp_penalty(model, start, alpha):
    """Regularizador L2-SP: (alpha / 2) * soma de ||w - w0||² sobre os parâmetros de
    `model` cujo nome (de model.named_parameters()) está no dicionário `start`,
    onde w0 = start[nome] é o valor do parâmetro no ponto de partida.
    Parâmetros fora de `start` (como uma cabeça nova) não entram.
    Devolve um tensor escalar, diferenciável em relação aos parâmetros.
    """
    total = torch.zeros(())
    for module_name, module in model.named_modules():
        weight = getattr(module, "weight", None)
        key = f"{module_name}.weight" if module_name else "weight"
        if isinstance(weight, nn.Parameter) and key in start:
            total = total + ((weight - start[key]) ** 2).sum()
    return alpha * total / 2

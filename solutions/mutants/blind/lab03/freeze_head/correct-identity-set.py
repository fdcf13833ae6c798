# kind: correct
# why: one pass over all parameters, trainable iff the tensor is one of model.fc's parameters (by identity), so it works for any net and any prior state
def freeze_all_but_head(model):
    """Congela todos os parâmetros de `model` (requires_grad = False), menos os da
    última camada, model.fc (peso e bias), que ficam treináveis.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    head = {id(p) for p in model.fc.parameters()}

    def wanted(p):
        return id(p) in head

    n_on = 0
    for _, p in model.named_parameters():
        p.requires_grad_(wanted(p))
        n_on += int(wanted(p))
    assert n_on == len(head), "a cabeça deveria ter ficado treinável"

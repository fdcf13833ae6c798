# kind: correct
# why: Collects the ids of model.fc's parameters and sets requires_grad = (id in head) for every parameter of the model, so any prior state is overwritten and only fc.weight/fc.bias stay trainable; no layer changed.
def freeze_all_but_head(model):
    """Congela todos os parâmetros de `model` (requires_grad = False), menos os da
    última camada, model.fc (peso e bias), que ficam treináveis.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    head = {id(p) for p in model.fc.parameters()}
    for p in model.parameters():
        p.requires_grad = id(p) in head

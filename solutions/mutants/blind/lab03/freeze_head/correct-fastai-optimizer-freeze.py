# kind: correct
# why: nothing is forbidden; lets fastai's Optimizer.freeze() (two parameter groups: body, head) set requires_grad instead of doing it by hand (relabelled: the question states no rule against it, so by its contract it is a right answer)
def freeze_all_but_head(model):
    """Congela todos os parâmetros de `model` (requires_grad = False), menos os da
    última camada, model.fc (peso e bias), que ficam treináveis.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    from fastai.optimizer import Adam as _FastAdam
    head = list(model.fc.parameters())
    head_ids = {id(p) for p in head}
    body = [p for p in model.parameters() if id(p) not in head_ids]
    _FastAdam([body, head], lr=1e-3).freeze()  # congela todos os grupos menos o último

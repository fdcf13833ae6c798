# kind: correct
# why: nothing is forbidden; wraps the model in a fastai Learner with a body/head splitter and train_bn=False and calls learn.freeze() (relabelled: the question states no rule against it, so by its contract it is a right answer)
def freeze_all_but_head(model):
    """Congela todos os parâmetros de `model` (requires_grad = False), menos os da
    última camada, model.fc (peso e bias), que ficam treináveis.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    from fastai.data.core import DataLoaders
    from fastai.learner import Learner

    def splitter(m):
        head_ids = {id(p) for p in m.fc.parameters()}
        return [[p for p in m.parameters() if id(p) not in head_ids], list(m.fc.parameters())]

    learn = Learner(DataLoaders([], []), model, loss_func=nn.CrossEntropyLoss(), splitter=splitter, train_bn=False)
    learn.freeze()

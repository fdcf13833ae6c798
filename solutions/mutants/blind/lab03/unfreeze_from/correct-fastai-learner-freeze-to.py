# kind: correct
# why: nothing is forbidden; a fastai Learner with one parameter group per child (train_bn=False) and learn.freeze_to(index of stage) does the (un)freezing (relabelled: the question states no rule against it, so by its contract it is a right answer)
def unfreeze_from(model, stage):
    """Deixa treináveis o submódulo de nome `stage` (ex.: "layer4") e todos os que vêm
    depois dele em model.named_children(); congela todos os que vêm antes.
    Ex.: unfreeze_from(model, "layer4") treina só layer4 e fc.
    Vale qualquer que seja o estado anterior dos parâmetros. Não devolve nada.
    """
    from fastai.data.core import DataLoaders
    from fastai.learner import Learner
    names = [name for name, _ in model.named_children()]
    learn = Learner(DataLoaders([], []), model, loss_func=nn.CrossEntropyLoss(),
                    splitter=lambda m: [list(c.parameters()) for c in m.children()], train_bn=False)
    learn.freeze_to(names.index(stage))

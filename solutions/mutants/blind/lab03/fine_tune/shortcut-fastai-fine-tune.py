# kind: shortcut
# why: hands the whole recipe to fastai: a Learner with a body/head splitter and learn.fine_tune(epochs, freeze_epochs=head_epochs); the given train_epoch is never called and the schedule/optimizer are fastai’s; fails the visible spy tests
def fine_tune(model, batches, head_epochs, epochs, head_lr, lr, train_epoch=train_epoch):
    """Fine-tuning em duas fases; devolve a lista das perdas de cada época (uma lista por época).

    Fase 1 (head_epochs épocas): só model.fc treina; todo o resto congelado.
        Otimizador AdamW com apenas os parâmetros de model.fc e agenda OneCycleLR
        com pico head_lr e um ciclo de head_epochs * len(batches) passos.
    Fase 2 (epochs épocas): tudo treina. Um otimizador AdamW novo, com todos os
        parâmetros, e uma OneCycleLR nova, com pico lr e um ciclo de epochs * len(batches) passos.
    Cada época é uma chamada train_epoch(model, batches, optimizer, scheduler), que
    devolve a lista de perdas da época. Use set_requires_grad para (des)congelar.
    """
    from fastai.callback.core import Callback
    from fastai.callback.schedule import fit_one_cycle  # noqa: F401 (acrescenta fine_tune ao Learner)
    from fastai.data.core import DataLoaders
    from fastai.learner import Learner

    class Losses(Callback):
        def before_train(self):
            history.append([])

        def after_batch(self):
            if self.training:
                history[-1].append(self.loss.item())

    history = []
    head_ids = {id(p) for p in model.fc.parameters()}
    learn = Learner(DataLoaders(batches, batches), model, loss_func=nn.CrossEntropyLoss(), train_bn=False,
                    splitter=lambda m: [[p for p in m.parameters() if id(p) not in head_ids], list(m.fc.parameters())],
                    cbs=Losses())
    with learn.no_bar(), learn.no_logging():
        learn.fine_tune(epochs, base_lr=lr, freeze_epochs=head_epochs)
    return [h for h in history if h]

# kind: correct
# why: Loops over a table of the two phases (module to unfreeze, epochs, peak) after freezing with set_requires_grad; each phase gets a fresh AdamW over that module's parameters and OneCycleLR(epochs=..., steps_per_epoch=len(batches)), i.e. the same epochs*len(batches) one cycle; defaults elsewhere.
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
    phases = [(model.fc, head_epochs, head_lr), (model, epochs, lr)]
    history = []
    set_requires_grad(model, False)
    for module, n_epochs, peak in phases:
        set_requires_grad(module, True)
        if n_epochs <= 0:
            continue
        params = list(module.parameters())
        optimizer = torch.optim.AdamW(params, lr=peak)
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, peak, epochs=n_epochs,
                                                        steps_per_epoch=len(batches))
        history.extend(train_epoch(model, batches, optimizer, scheduler) for _ in range(n_epochs))
    return history

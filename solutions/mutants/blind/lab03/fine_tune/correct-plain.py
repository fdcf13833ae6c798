# kind: correct
# why: phase 1: freeze all, unfreeze fc, AdamW(fc params) + OneCycleLR(max_lr=head_lr, total_steps=head_epochs*len); phase 2: unfreeze all, new AdamW(all) + new OneCycleLR(lr, epochs*len); every epoch through the given train_epoch; a phase with 0 epochs is skipped
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
    history = []
    steps_per_epoch = len(batches)

    # fase 1: só a cabeça
    set_requires_grad(model, False)
    set_requires_grad(model.fc, True)
    if head_epochs > 0:
        optimizer = torch.optim.AdamW(model.fc.parameters())
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=head_lr,
                                                        total_steps=head_epochs * steps_per_epoch)
        for _ in range(head_epochs):
            history.append(train_epoch(model, batches, optimizer, scheduler))

    # fase 2: tudo, com otimizador e agenda novos
    set_requires_grad(model, True)
    if epochs > 0:
        optimizer = torch.optim.AdamW(model.parameters())
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=lr, total_steps=epochs * steps_per_epoch)
        for _ in range(epochs):
            history.append(train_epoch(model, batches, optimizer, scheduler))
    return history

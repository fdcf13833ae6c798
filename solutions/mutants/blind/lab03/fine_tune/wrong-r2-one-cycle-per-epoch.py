# kind: wrong
# why: Creates a new OneCycleLR every epoch with total_steps=len(batches), so a multi-epoch phase goes up and down once per epoch; violates 'uma OneCycleLR nova, com pico lr e um ciclo de epochs * len(batches) passos'.
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
    set_requires_grad(model, False)
    set_requires_grad(model.fc, True)
    optimizer = torch.optim.AdamW(model.fc.parameters(), lr=head_lr)
    for _ in range(head_epochs):
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, head_lr, total_steps=len(batches))
        history.append(train_epoch(model, batches, optimizer, scheduler))
    set_requires_grad(model, True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    for _ in range(epochs):
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, lr, total_steps=len(batches))
        history.append(train_epoch(model, batches, optimizer, scheduler))
    return history

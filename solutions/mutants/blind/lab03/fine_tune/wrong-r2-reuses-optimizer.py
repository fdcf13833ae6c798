# kind: wrong
# why: For phase 2 adds the body as a new param group to the phase-1 AdamW (keeping the head's Adam state) instead of creating a new optimizer; violates 'Um otimizador AdamW novo, com todos os parâmetros'.
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
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, head_lr, total_steps=head_epochs * len(batches))
    for _ in range(head_epochs):
        history.append(train_epoch(model, batches, optimizer, scheduler))

    set_requires_grad(model, True)
    head_ids = {id(p) for p in model.fc.parameters()}
    optimizer.add_param_group({"params": [p for p in model.parameters() if id(p) not in head_ids]})
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, lr, total_steps=epochs * len(batches))
    for _ in range(epochs):
        history.append(train_epoch(model, batches, optimizer, scheduler))
    return history

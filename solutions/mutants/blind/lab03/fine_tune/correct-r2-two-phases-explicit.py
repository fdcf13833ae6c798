# kind: correct
# why: Phase 1: set_requires_grad(model, False) then (model.fc, True), AdamW(model.fc.parameters(), lr=head_lr) + OneCycleLR(max_lr=head_lr, total_steps=head_epochs*len(batches)); phase 2: all trainable, new AdamW(model.parameters()) + new OneCycleLR(lr, epochs*len(batches)); only the train_epoch argument trains; a phase with 0 epochs is skipped (no 0-step cycle).
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
    steps = len(batches)

    set_requires_grad(model, False)
    set_requires_grad(model.fc, True)
    if head_epochs > 0:
        head_optimizer = torch.optim.AdamW(model.fc.parameters(), lr=head_lr)
        head_scheduler = torch.optim.lr_scheduler.OneCycleLR(head_optimizer, max_lr=head_lr,
                                                             total_steps=head_epochs * steps)
        for _ in range(head_epochs):
            history.append(train_epoch(model, batches, head_optimizer, head_scheduler))

    set_requires_grad(model, True)
    if epochs > 0:
        optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=lr, total_steps=epochs * steps)
        for _ in range(epochs):
            history.append(train_epoch(model, batches, optimizer, scheduler))
    return history

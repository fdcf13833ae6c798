# kind: shortcut
# why: Freezes/unfreezes with the student's own freeze_all_but_head and unfreeze_from (captured under other names) instead of set_requires_grad; violates 'use a função set_requires_grad abaixo (e não as suas funções das questões anteriores)'.
_so_cabeca, _a_partir_de = freeze_all_but_head, unfreeze_from


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
    congela, descongela = _so_cabeca, _a_partir_de
    first_child = next(iter(model.named_children()))[0]
    history = []
    congela(model)
    optimizer = torch.optim.AdamW(model.fc.parameters(), lr=head_lr)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, head_lr, total_steps=head_epochs * len(batches))
    for _ in range(head_epochs):
        history.append(train_epoch(model, batches, optimizer, scheduler))
    descongela(model, first_child)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, lr, total_steps=epochs * len(batches))
    for _ in range(epochs):
        history.append(train_epoch(model, batches, optimizer, scheduler))
    return history

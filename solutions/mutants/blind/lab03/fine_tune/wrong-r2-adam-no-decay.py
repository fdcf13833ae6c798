# kind: wrong
# why: Uses torch.optim.Adam (no decoupled weight decay) in both phases because 'the body is already good'; violates 'Otimizador AdamW com apenas os parâmetros de model.fc' and 'use os valores padrão do AdamW'.
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
    opt = torch.optim.Adam(model.fc.parameters(), lr=head_lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=head_lr, total_steps=head_epochs * len(batches))
    for _ in range(head_epochs):
        history.append(train_epoch(model, batches, opt, sched))
    set_requires_grad(model, True)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=epochs * len(batches))
    for _ in range(epochs):
        history.append(train_epoch(model, batches, opt, sched))
    return history

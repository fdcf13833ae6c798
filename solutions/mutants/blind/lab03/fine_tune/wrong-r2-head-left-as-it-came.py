# kind: wrong
# why: Phase 1 freezes only the body children and never sets model.fc trainable, so a network that arrives with a frozen head trains nothing in phase 1; violates 'A rede pode chegar com qualquer parte congelada, a cabeça inclusive' / 'Fase 1: só model.fc treina'.
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
    for name, child in model.named_children():
        if name != "fc":
            set_requires_grad(child, False)
    optimizer = torch.optim.AdamW(model.fc.parameters(), lr=head_lr)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, head_lr, total_steps=head_epochs * len(batches))
    for _ in range(head_epochs):
        history.append(train_epoch(model, batches, optimizer, scheduler))
    set_requires_grad(model, True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, lr, total_steps=epochs * len(batches))
    for _ in range(epochs):
        history.append(train_epoch(model, batches, optimizer, scheduler))
    return history

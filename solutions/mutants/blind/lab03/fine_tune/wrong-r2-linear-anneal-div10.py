# kind: wrong
# why: Passes div_factor=10 and anneal_strategy=linear to OneCycleLR (a 'better' schedule from a blog); violates 'Fora o pico e o número de passos, use os valores padrão do AdamW e da OneCycleLR'.
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
    def cycle(optimizer, peak, n_epochs):
        return torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=peak, total_steps=n_epochs * len(batches),
                                                   div_factor=10.0, anneal_strategy="linear")

    history = []
    set_requires_grad(model, False)
    set_requires_grad(model.fc, True)
    optimizer = torch.optim.AdamW(model.fc.parameters(), lr=head_lr)
    scheduler = cycle(optimizer, head_lr, head_epochs)
    history += [train_epoch(model, batches, optimizer, scheduler) for _ in range(head_epochs)]
    set_requires_grad(model, True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    scheduler = cycle(optimizer, lr, epochs)
    history += [train_epoch(model, batches, optimizer, scheduler) for _ in range(epochs)]
    return history

# kind: correct
# why: same recipe factored into a helper per phase, OneCycleLR given epochs= and steps_per_epoch= (same total_steps), list comprehension over epochs and progress prints; default AdamW/OneCycleLR settings otherwise
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
    from torch.optim import AdamW
    from torch.optim.lr_scheduler import OneCycleLR

    def run_phase(label, params, peak, n_epochs):
        params = list(params)
        if n_epochs <= 0:
            return []
        opt = AdamW(params, lr=peak)  # a OneCycleLR reescreve a taxa inicial
        sched = OneCycleLR(opt, peak, epochs=n_epochs, steps_per_epoch=len(batches))
        print(f"{label}: {sum(p.numel() for p in params):,} parâmetros, pico {peak:g}, {n_epochs} época(s)")
        return [train_epoch(model, batches, opt, sched) for _ in range(n_epochs)]

    set_requires_grad(model, False)
    set_requires_grad(model.fc, True)
    losses = run_phase("fase 1 (cabeça)", model.fc.parameters(), head_lr, head_epochs)
    set_requires_grad(model, True)
    losses += run_phase("fase 2 (tudo)", model.parameters(), lr, epochs)
    return losses

# kind: correct
# why: one pass; accumulators created lazily from the first batch (any C, same device), float64 sums over (0, 2, 3), n counted per batch, population std with a clamp at 0 against rounding [visible tests: all pass]
def channel_mean_std(loader):
    """Média e desvio padrão de cada canal sobre TODOS os pixels de todas as imagens.

    loader devolve batches (x, y) com x de forma (B, C, H, W). Faça uma única passada,
    acumulando por canal a soma dos valores, a soma dos quadrados e o número de pixels;
    no fim, média = soma / n e desvio = sqrt(soma dos quadrados / n - média²) (o desvio
    populacional, dividindo por n). Não guarde os batches: o conjunto inteiro pode não
    caber na memória. Devolve dois tensores float64 de forma (C,).
    """
    s1 = s2 = None
    n = 0
    for x, _ in loader:
        x = x.to(torch.float64)
        if s1 is None:
            s1 = torch.zeros(x.shape[1], dtype=torch.float64, device=x.device)
            s2 = torch.zeros_like(s1)
        s1 += x.sum(dim=(0, 2, 3))
        s2 += (x * x).sum(dim=(0, 2, 3))
        n += x.numel() // x.shape[1]            # pixels per channel in this batch (B * H * W)
    mean = s1 / n
    std = (s2 / n - mean ** 2).clamp_min(0.0).sqrt()
    return mean, std

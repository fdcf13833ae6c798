# kind: correct
# why: One pass, float64 per-channel sums S1, S2 and pixel count n, accumulators created lazily from the first batch (any C); returns float64 (C,).
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
            s1 = torch.zeros(x.shape[1], dtype=torch.float64)
            s2 = torch.zeros(x.shape[1], dtype=torch.float64)
        s1 += x.sum(dim=(0, 2, 3)).cpu()
        s2 += (x * x).sum(dim=(0, 2, 3)).cpu()
        n += x.shape[0] * x.shape[2] * x.shape[3]
    mean = s1 / n
    std = torch.sqrt(s2 / n - mean ** 2)
    return mean, std

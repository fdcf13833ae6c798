# kind: wrong
# why: Hard-codes 3 channels (RGB) in the accumulators, so for C != 3 it returns 3 wrong-sized values (or indexes out of range); violates "x de forma (B, C, H, W) ... Devolve dois tensores float64 de forma (C,)".
def channel_mean_std(loader):
    """Média e desvio padrão de cada canal sobre TODOS os pixels de todas as imagens.

    loader devolve batches (x, y) com x de forma (B, C, H, W). Faça uma única passada,
    acumulando por canal a soma dos valores, a soma dos quadrados e o número de pixels;
    no fim, média = soma / n e desvio = sqrt(soma dos quadrados / n - média²) (o desvio
    populacional, dividindo por n). Não guarde os batches: o conjunto inteiro pode não
    caber na memória. Devolve dois tensores float64 de forma (C,).
    """
    s1 = torch.zeros(3, dtype=torch.float64)
    s2 = torch.zeros(3, dtype=torch.float64)
    n = 0
    for x, _ in loader:
        x = x.double()
        for c in range(3):
            s1[c] += x[:, c].sum()
            s2[c] += (x[:, c] ** 2).sum()
        n += x[:, 0].numel()
    mean = s1 / n
    std = (s2 / n - mean ** 2).sqrt()
    return mean, std

# kind: wrong
# why: two passes over the loader (mean first, then squared deviations): values right, passes visible tests, but not the single pass asked for [visible tests: all pass]
def channel_mean_std(loader):
    """Média e desvio padrão de cada canal sobre TODOS os pixels de todas as imagens.

    loader devolve batches (x, y) com x de forma (B, C, H, W). Faça uma única passada,
    acumulando por canal a soma dos valores, a soma dos quadrados e o número de pixels;
    no fim, média = soma / n e desvio = sqrt(soma dos quadrados / n - média²) (o desvio
    populacional, dividindo por n). Não guarde os batches: o conjunto inteiro pode não
    caber na memória. Devolve dois tensores float64 de forma (C,).
    """
    s1, n = 0, 0
    for x, _ in loader:
        s1 = s1 + x.double().sum(dim=(0, 2, 3))
        n += x.shape[0] * x.shape[2] * x.shape[3]
    mean = s1 / n
    sq = 0
    for x, _ in loader:
        sq = sq + ((x.double() - mean.view(1, -1, 1, 1)) ** 2).sum(dim=(0, 2, 3))
    return mean, (sq / n).sqrt()

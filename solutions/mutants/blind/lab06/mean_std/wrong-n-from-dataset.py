# kind: wrong
# why: pixel count taken from len(loader.dataset) * H * W instead of what the loader yields: wrong with drop_last or a sampler; passes visible tests [visible tests: all pass]
def channel_mean_std(loader):
    """Média e desvio padrão de cada canal sobre TODOS os pixels de todas as imagens.

    loader devolve batches (x, y) com x de forma (B, C, H, W). Faça uma única passada,
    acumulando por canal a soma dos valores, a soma dos quadrados e o número de pixels;
    no fim, média = soma / n e desvio = sqrt(soma dos quadrados / n - média²) (o desvio
    populacional, dividindo por n). Não guarde os batches: o conjunto inteiro pode não
    caber na memória. Devolve dois tensores float64 de forma (C,).
    """
    s1 = s2 = 0
    for x, _ in loader:
        x = x.double()
        s1 = s1 + x.sum(dim=(0, 2, 3))
        s2 = s2 + (x ** 2).sum(dim=(0, 2, 3))
        hw = x.shape[2] * x.shape[3]
    n = len(loader.dataset) * hw
    mean = s1 / n
    return mean, (s2 / n - mean ** 2).sqrt()

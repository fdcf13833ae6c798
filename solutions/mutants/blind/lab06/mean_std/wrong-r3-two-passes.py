# kind: wrong
# why: Computes the mean in a first loop and the variance around it in a second loop over the same loader; a plain iterator is exhausted after the first pass; violates "Faça uma única passada" / "recebe também um iterador comum (ele só dá uma passada)".
def channel_mean_std(loader):
    """Média e desvio padrão de cada canal sobre TODOS os pixels de todas as imagens.

    loader devolve batches (x, y) com x de forma (B, C, H, W). Faça uma única passada,
    acumulando por canal a soma dos valores, a soma dos quadrados e o número de pixels;
    no fim, média = soma / n e desvio = sqrt(soma dos quadrados / n - média²) (o desvio
    populacional, dividindo por n). Não guarde os batches: o conjunto inteiro pode não
    caber na memória. Devolve dois tensores float64 de forma (C,).
    """
    s1, n = 0.0, 0
    for x, _ in loader:
        x = x.double()
        s1 = s1 + x.sum(dim=(0, 2, 3))
        n += x.shape[0] * x.shape[2] * x.shape[3]
    mean = s1 / n
    sq = 0.0
    for x, _ in loader:  # segunda passada: variância em torno da média (mais estável)
        x = x.double()
        sq = sq + ((x - mean.view(1, -1, 1, 1)) ** 2).sum(dim=(0, 2, 3))
    std = torch.sqrt(sq / n)
    return mean, std

# kind: wrong
# why: Takes the pixel count from len(loader.dataset) and the first batch's H, W instead of counting pixels as they come; a plain iterator has no .dataset; violates "recebe também um iterador comum" (and "acumulando ... o número de pixels").
def channel_mean_std(loader):
    """Média e desvio padrão de cada canal sobre TODOS os pixels de todas as imagens.

    loader devolve batches (x, y) com x de forma (B, C, H, W). Faça uma única passada,
    acumulando por canal a soma dos valores, a soma dos quadrados e o número de pixels;
    no fim, média = soma / n e desvio = sqrt(soma dos quadrados / n - média²) (o desvio
    populacional, dividindo por n). Não guarde os batches: o conjunto inteiro pode não
    caber na memória. Devolve dois tensores float64 de forma (C,).
    """
    s1 = s2 = 0
    hw = None
    for x, _ in loader:
        x = x.double()
        hw = x.shape[2] * x.shape[3] if hw is None else hw
        s1 = s1 + x.sum(dim=(0, 2, 3))
        s2 = s2 + (x * x).sum(dim=(0, 2, 3))
    n = len(loader.dataset) * hw
    mean = s1 / n
    return mean, torch.sqrt(s2 / n - mean ** 2)

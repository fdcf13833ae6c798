# kind: correct
# why: Moves channels first, flattens the rest, and accumulates S1 and S2 (via einsum) in float64 in a single pass; n counted from the flattened length; clamps tiny negative variance to 0.
def channel_mean_std(loader):
    """Média e desvio padrão de cada canal sobre TODOS os pixels de todas as imagens.

    loader devolve batches (x, y) com x de forma (B, C, H, W). Faça uma única passada,
    acumulando por canal a soma dos valores, a soma dos quadrados e o número de pixels;
    no fim, média = soma / n e desvio = sqrt(soma dos quadrados / n - média²) (o desvio
    populacional, dividindo por n). Não guarde os batches: o conjunto inteiro pode não
    caber na memória. Devolve dois tensores float64 de forma (C,).
    """
    total = None
    total_sq = None
    count = 0
    for batch in loader:
        images = batch[0]
        flat = images.double().transpose(0, 1).reshape(images.shape[1], -1)  # (C, B*H*W)
        part = flat.sum(dim=1)
        part_sq = torch.einsum("cp,cp->c", flat, flat)
        total = part if total is None else total + part
        total_sq = part_sq if total_sq is None else total_sq + part_sq
        count += flat.shape[1]
    mean = total / count
    var = (total_sq / count - mean * mean).clamp(min=0)
    return mean.cpu(), var.sqrt().cpu()

# kind: correct
# why: Converts to RGB, resizes with PIL bilinear to (width, height) as PIL expects, scales to [0,1] and normalizes by hand with the processor's mean/std tensors; no processor method called.
def make_transform(processor):
    """Cria a função que o dataset aplica, sob demanda, a cada lote de exemplos.

    A função devolvida, transform(batch), recebe um dicionário de listas
    {"img": [imagens PIL], "label": [ints]} e devolve
    {"pixel_values": [tensores float32 (3, H, W)], "label": a mesma lista de rótulos}.
    Cada imagem é convertida para RGB, redimensionada para
    (processor.size["height"], processor.size["width"]), levada a [0, 1] e
    normalizada com processor.image_mean e processor.image_std, exatamente como no
    pré-treinamento do modelo.
    """
    size = (processor.size["width"], processor.size["height"])  # o PIL recebe (largura, altura)
    mean = torch.tensor(processor.image_mean, dtype=torch.float32).view(-1, 1, 1)
    std = torch.tensor(processor.image_std, dtype=torch.float32).view(-1, 1, 1)

    def transform(batch):
        out = []
        for image in batch["img"]:
            rgb = image.convert("RGB").resize(size, resample=Image.BILINEAR)
            x = torch.from_numpy(np.asarray(rgb, dtype=np.uint8).copy()).permute(2, 0, 1)
            out.append((x.float() / 255.0 - mean) / std)
        return {"pixel_values": out, "label": batch["label"]}

    return transform

# kind: shortcut
# why: forbidden: uses transformers.image_transforms resize / normalize functions (imported under aliases) instead of writing the steps
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
    from transformers import image_transforms as _it
    height, width = processor.size["height"], processor.size["width"]

    def transform(batch):
        out = []
        for image in batch["img"]:
            arr = np.array(image.convert("RGB"))
            arr = _it.resize(arr, (height, width))
            arr = arr.astype(np.float32) / 255.0
            arr = _it.normalize(arr, mean=processor.image_mean, std=processor.image_std)
            out.append(torch.from_numpy(np.ascontiguousarray(arr.transpose(2, 0, 1))).float())
        return {"pixel_values": out, "label": batch["label"]}

    return transform

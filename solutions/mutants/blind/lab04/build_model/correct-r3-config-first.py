# kind: correct
# why: Loads and edits the ViTConfig first (id2label/label2id, which sets num_labels), then from_pretrained with that config, ignore_mismatched_sizes=True and float32 explicitly; all params trainable.
def build_model(checkpoint, id2label, label2id):
    """O ViT pré-treinado de `checkpoint` com uma cabeça nova de len(id2label) classes.

    Todo o resto (embeddings de patches, blocos do Transformer) mantém os pesos
    pré-treinados; só a camada final (classifier), cujo tamanho não bate com o do
    checkpoint (1000 classes do ImageNet), é criada do zero. A configuração do
    modelo deve guardar id2label e label2id.
    """
    config = ViTConfig.from_pretrained(checkpoint)
    config.id2label = dict(id2label)
    config.label2id = dict(label2id)  # num_labels segue len(id2label)
    model = ViTForImageClassification.from_pretrained(
        checkpoint, config=config, ignore_mismatched_sizes=True, torch_dtype=torch.float32)
    model.float()
    for parameter in model.parameters():
        parameter.requires_grad_(True)
    return model

# kind: wrong
# why: Loads the weights in float16 when a GPU is present (only the CPU path is float32); violates "O modelo devolvido fica em float32, com ou sem GPU".
def build_model(checkpoint, id2label, label2id):
    """O ViT pré-treinado de `checkpoint` com uma cabeça nova de len(id2label) classes.

    Todo o resto (embeddings de patches, blocos do Transformer) mantém os pesos
    pré-treinados; só a camada final (classifier), cujo tamanho não bate com o do
    checkpoint (1000 classes do ImageNet), é criada do zero. A configuração do
    modelo deve guardar id2label e label2id.
    """
    dtype = torch.float16 if torch.cuda.is_available() else torch.float32  # a T4 treina em fp16
    return ViTForImageClassification.from_pretrained(
        checkpoint, num_labels=len(id2label), id2label=id2label, label2id=label2id,
        ignore_mismatched_sizes=True, torch_dtype=dtype)

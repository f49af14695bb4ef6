/* The header objects linked into this program compiled on their own with -pedantic -Werror;
 * reaching main means they did. */
int main(void)
{
    return 0;
}
